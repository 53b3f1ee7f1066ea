using System.Text.RegularExpressions;

namespace DailyPapers.Features.Accounts;

/// <summary>Usernames are URL-safe (<c>/u/{name}</c>, <c>@name</c> mentions): ASCII letters, digits, '-' and
/// '_'.</summary>
public static partial class UserNames
{
    public const int MinLength = 2;
    public const int MaxLength = 39;
    public const string AllowedCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_";

    /// <summary>Names that would read as site pages or staff in a profile URL or a mention.</summary>
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
        { "admin", "administrator", "api", "account", "papers", "settings", "support", "root", "curator", "moderator",
            "deleted" };

    public static string? Validate(string? name) => name switch
    {
        null or "" => "Choose a username.",
        { Length: < MinLength or > MaxLength } => $"A username has {MinLength} to {MaxLength} characters.",
        _ when !Pattern().IsMatch(name) =>
            "A username may contain only letters a-z, digits, '-' and '_', and starts with a letter or digit.",
        _ when Reserved.Contains(name) => $"The username '{name}' is reserved; choose another.",
        _ => null,
    };

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]*$")]
    private static partial Regex Pattern();
}
