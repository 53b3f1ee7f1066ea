using System.Text.Json;

namespace DailyPapers.Infrastructure;

/// <summary>
/// A client's mistakes that ASP.NET Core reports by exception (a body that is not JSON, or not the JSON an
/// endpoint takes; a wrong Content-Type; a body over the size limit): their 4xx status and a message saying what
/// is wrong, shown by the error page (JSON for the API), and no error in the log.
/// </summary>
public static class ClientErrors
{
    /// <summary>Also what routing answers itself when no endpoint at the address accepts the body.</summary>
    public const string JsonBodyExpected = "Send the request body as JSON, with Content-Type: application/json.";

    public static IServiceCollection AddClientErrors(this IServiceCollection services)
    {
        // Otherwise minimal APIs answer a bad body with an empty 400 and keep the reason to a debug log line.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }

    /// <summary>Exceptions go to the error page; a client's mistake keeps its own status there.</summary>
    public static ExceptionHandlerOptions ExceptionHandling(string errorPath) => new()
    {
        ExceptionHandlingPath = errorPath,
        StatusCodeSelector = e => (e as BadHttpRequestException)?.StatusCode
            ?? StatusCodes.Status500InternalServerError,
        SuppressDiagnosticsCallback = c => c.Exception is BadHttpRequestException,
    };

    /// <summary>What was wrong with the request, for whoever sent it (never the endpoint's parameter types).</summary>
    public static string Describe(BadHttpRequestException e) => e switch
    {
        { StatusCode: StatusCodes.Status415UnsupportedMediaType } => JsonBodyExpected,
        { StatusCode: StatusCodes.Status413PayloadTooLarge } => "The request body is too large.",
        { InnerException: JsonException json } => Describe(json),
        _ => "The request could not be read.",
    };

    private static string Describe(JsonException json)
    {
        // The reader's own exceptions (broken syntax) come wrapped; a value of the wrong type comes unwrapped.
        if (json.InnerException is JsonException syntax)
        {
            var reason = syntax.Message.Split(" LineNumber:", 2)[0].Trim();
            var at = $"line {json.LineNumber + 1}, byte {json.BytePositionInLine + 1}";
            return $"The request body is not valid JSON ({at}): {reason}";
        }
        var path = json.Path ?? "$";
        var field = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : null;
        return field is null
            ? "The request body must be a JSON object (see /docs/api)."
            : $"The request body's \"{field}\" has the wrong type (see /docs/api).";
    }
}
