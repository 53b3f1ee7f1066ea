namespace DailyPapers.Infrastructure;

/// <summary>API errors as HF sends them: <c>{"error": "..."}</c> and the same text in <c>X-Error-Message</c>.</summary>
public static class ApiResults
{
    public static IResult Error(HttpContext context, int status, string message)
    {
        // Header values must be single-line ASCII; the JSON body keeps the exact text.
        var header = new string([.. message.Select(c => c is >= ' ' and <= '~' ? c : '?')]);
        context.Response.Headers["X-Error-Message"] = header;
        return Results.Json(new { error = message }, statusCode: status);
    }

    public static IResult BadRequest(HttpContext context, string message) =>
        Error(context, StatusCodes.Status400BadRequest, message);

    public static IResult NotFound(HttpContext context, string message) =>
        Error(context, StatusCodes.Status404NotFound, message);

    /// <summary>
    /// Reads an optional whole-number query value: absent gives <paramref name="fallback"/>; anything but digits
    /// (a sign, a decimal point, text) fails, so the caller answers 400 instead of guessing.
    /// </summary>
    public static bool TryQueryInt(string? text, int fallback, out int value)
    {
        value = fallback;
        return text is null || int.TryParse(text, System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out value);
    }
}
