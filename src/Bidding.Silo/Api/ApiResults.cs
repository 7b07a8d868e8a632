namespace Bidding.Silo.Api;

/// <summary>The platform API's recurring answers, as ProblemDetails.</summary>
internal static class ApiResults
{
    /// <summary>Absent, or not the caller's (never 403, so ids of others' objects are not revealed).</summary>
    public static IResult NotFound(string kind, string id) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"{kind} '{id}' does not exist");

    public static IResult Conflict(string kind, string id) =>
        Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Already exists", detail: $"{kind} '{id}' already exists",
            extensions: new Dictionary<string, object?> { ["field"] = "id" });

    /// <summary>The id a create uses: the client's if valid, else a new one with <paramref name="prefix"/>; null with <paramref name="error"/> when invalid.</summary>
    public static string? NewId(string? requested, string prefix, out IResult? error)
    {
        error = null;
        if (string.IsNullOrEmpty(requested))
            return Ids.New(prefix);
        if (Ids.IsValid(requested))
            return requested;
        error = ApiBody.Invalid("id", "must be 1 to 64 letters, digits, '-', '_' or '.'");
        return null;
    }
}
