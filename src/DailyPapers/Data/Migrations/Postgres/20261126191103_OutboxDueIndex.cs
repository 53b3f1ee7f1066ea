using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DailyPapers.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class OutboxDueIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_digest_outbox_State_NextAttemptAt",
                table: "digest_outbox");

            migrationBuilder.CreateIndex(
                name: "IX_digest_outbox_State_NextAttemptAt",
                table: "digest_outbox",
                columns: new[] { "State", "NextAttemptAt" },
                filter: "\"State\" = 'Pending' OR \"State\" = 'Sending'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_digest_outbox_State_NextAttemptAt",
                table: "digest_outbox");

            migrationBuilder.CreateIndex(
                name: "IX_digest_outbox_State_NextAttemptAt",
                table: "digest_outbox",
                columns: new[] { "State", "NextAttemptAt" });
        }
    }
}
