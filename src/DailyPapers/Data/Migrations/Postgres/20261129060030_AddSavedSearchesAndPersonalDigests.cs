using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace DailyPapers.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AddSavedSearchesAndPersonalDigests : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Content",
                table: "digest_subscriptions",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "TopPapers");

            migrationBuilder.AddColumn<string>(
                name: "UserId",
                table: "digest_subscriptions",
                type: "text",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "saved_searches",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UserId = table.Column<string>(type: "text", nullable: false),
                    Query = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_saved_searches", x => x.Id);
                    table.ForeignKey(
                        name: "FK_saved_searches_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_digest_subscriptions_UserId",
                table: "digest_subscriptions",
                column: "UserId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_saved_searches_UserId_Query",
                table: "saved_searches",
                columns: new[] { "UserId", "Query" },
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_digest_subscriptions_AspNetUsers_UserId",
                table: "digest_subscriptions",
                column: "UserId",
                principalTable: "AspNetUsers",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_digest_subscriptions_AspNetUsers_UserId",
                table: "digest_subscriptions");

            migrationBuilder.DropTable(
                name: "saved_searches");

            migrationBuilder.DropIndex(
                name: "IX_digest_subscriptions_UserId",
                table: "digest_subscriptions");

            migrationBuilder.DropColumn(
                name: "Content",
                table: "digest_subscriptions");

            migrationBuilder.DropColumn(
                name: "UserId",
                table: "digest_subscriptions");
        }
    }
}
