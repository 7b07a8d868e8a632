namespace Bidding.OpenRtb.Validation;

/// <summary>Why a request was refused: the JSON path of the offending field and what is wrong with it.</summary>
public sealed record RequestError(string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}
