using System.CommandLine;
using DailyPapers.Data;
using DailyPapers.Features.Mail;
using DailyPapers.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Spectre.Console;

namespace DailyPapers.Features.Accounts;

/// <summary>
/// <c>user create NAME EMAIL [--admin]</c>, <c>user add-role NAME ROLE</c> and <c>user token NAME --name LABEL</c>.
/// </summary>
public static class UserCommand
{
    public static Command Create(CliHost host)
    {
        var command = new Command("user", "Manage accounts: create one (the first admin), give roles, make API tokens");
        command.Subcommands.Add(CreateCommand(host));
        command.Subcommands.Add(AddRoleCommand(host));
        command.Subcommands.Add(TokenCommand(host));
        return command;
    }

    private static Command CreateCommand(CliHost host)
    {
        var name = new Argument<string>("name") { Description = "Username (letters, digits, '-' and '_')" };
        var email = new Argument<string>("email") { Description = "Email address (taken as confirmed)" };
        var admin = new Option<bool>("--admin") { Description = "Give the account the admin role" };
        var command = new Command("create",
            "Create an account; the password is read from standard input (or asked for on a terminal)")
            { name, email, admin };
        command.SetAction(async (result, cancellationToken) =>
        {
            var userName = result.GetValue(name)!;
            if (UserNames.Validate(userName) is { } nameError) return CliHost.Fail(nameError);
            if (!MailAddresses.TryNormalize(result.GetValue(email), out var address, out var mailError)) return
                CliHost.Fail(mailError);
            var password = ReadPassword();
            if (string.IsNullOrEmpty(password)) return CliHost.Fail("no password given on standard input");

            await using var app = await host.OpenAsync(result, cancellationToken);
            await using var scope = app.Services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
            var user = new User
            {
                UserName = userName, Email = address, EmailConfirmed = true,
                CreatedAt = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime,
            };
            var created = await users.CreateAsync(user, password);
            if (!created.Succeeded) return CliHost.Fail(string.Join(" ", created.Errors.Select(e => e.Description)));
            if (result.GetValue(admin) && await AddRoleAsync(scope.ServiceProvider, user, Roles.Admin) is { } roleError)
                return CliHost.Fail(roleError);
            Console.WriteLine($"Created user {userName}{(result.GetValue(admin) ? " (admin)" : "")}.");
            return 0;
        });
        return command;
    }

    private static Command AddRoleCommand(CliHost host)
    {
        var name = new Argument<string>("name") { Description = "Username" };
        var role = new Argument<string>("role") { Description = $"One of: {string.Join(", ", Roles.All)}" };
        role.AcceptOnlyFromAmong(Roles.All);
        var command = new Command("add-role", "Give an account a role (admin or curator)") { name, role };
        command.SetAction(async (result, cancellationToken) =>
        {
            await using var app = await host.OpenAsync(result, cancellationToken);
            await using var scope = app.Services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
            var userName = result.GetValue(name)!;
            if (await users.FindByNameAsync(userName) is not { } user) return
                CliHost.Fail($"there is no user '{userName}'");
            if (await AddRoleAsync(scope.ServiceProvider, user, result.GetValue(role)!) is { } error) return
                CliHost.Fail(error);
            Console.WriteLine($"{userName} is now {result.GetValue(role)}.");
            return 0;
        });
        return command;
    }

    private static Command TokenCommand(CliHost host)
    {
        var name = new Argument<string>("name") { Description = "Username" };
        var label = new Option<string>("--name")
        {
            Description = "What the token is for (shown on the settings page)", Required = true,
        };
        var command = new Command("token",
            "Create a personal access token for the API and print it (the only time it is shown)") { name, label };
        command.SetAction(async (result, cancellationToken) =>
        {
            var tokenName = result.GetValue(label)!.Trim();
            if (tokenName.Length is 0 or > PersonalAccessToken.MaxNameLength)
                return CliHost.Fail($"give the token a name of 1 to {PersonalAccessToken.MaxNameLength} characters");
            await using var app = await host.OpenAsync(result, cancellationToken);
            await using var scope = app.Services.CreateAsyncScope();
            var userName = result.GetValue(name)!;
            var services = scope.ServiceProvider;
            if (await services.GetRequiredService<UserManager<User>>().FindByNameAsync(userName) is not { } user)
                return CliHost.Fail($"there is no user '{userName}'");
            var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
            var db = services.GetRequiredService<AppDb>();
            Console.WriteLine(await ApiTokens.CreateAsync(db, user.Id, tokenName, now, cancellationToken));
            return 0;
        });
        return command;
    }

    private static async Task<string?> AddRoleAsync(IServiceProvider services, User user, string role)
    {
        var roles = services.GetRequiredService<RoleManager<IdentityRole>>();
        if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new IdentityRole(role));
        var users = services.GetRequiredService<UserManager<User>>();
        if (await users.IsInRoleAsync(user, role)) return null;
        var added = await users.AddToRoleAsync(user, role);
        return added.Succeeded ? null : string.Join(" ", added.Errors.Select(e => e.Description));
    }

    // Never a command-line option: arguments end up in shell history and process lists.
    private static string? ReadPassword() =>
        Console.IsInputRedirected ? Console.In.ReadLine()
            : AnsiConsole.Prompt(new TextPrompt<string>("Password:").Secret());

}
