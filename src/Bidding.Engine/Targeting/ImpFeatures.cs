using Bidding.OpenRtb.Request;

namespace Bidding.Engine.Targeting;

/// <summary>The media keys and deals of one impression, for the index.</summary>
internal readonly struct ImpFeatures
{
    public ImpFeatures(Imp imp)
    {
        Imp = imp;
        PrivateAuction = imp.Pmp?.PrivateAuction == 1;
    }

    public Imp Imp { get; }

    public bool PrivateAuction { get; }

    public static string SizeKey(int w, int h) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"banner:{w}x{h}");
}
