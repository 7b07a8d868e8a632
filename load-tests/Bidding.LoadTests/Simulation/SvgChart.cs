using System.Globalization;
using System.Net;
using System.Text;

namespace Bidding.LoadTests.Simulation;

/// <summary>A line of a chart: its name in the legend, colour, points, and whether it is dashed.</summary>
internal sealed record Series(string Name, string Color, IReadOnlyList<(double X, double Y)> Points, bool Dashed = false);

/// <summary>Line charts side by side in one self-contained SVG (no scripts, no external fonts).</summary>
internal static class SvgChart
{
    private const int Width = 520, Height = 340, Left = 60, Right = 20, Top = 40, Bottom = 50;

    public static string Render(params (string Title, string XLabel, string YLabel, IReadOnlyList<Series> Lines)[] panels)
    {
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"""<svg xmlns="http://www.w3.org/2000/svg" width="{Width * panels.Length}" height="{Height}" font-family="sans-serif" font-size="12">""").Append('\n');
        svg.Append(CultureInfo.InvariantCulture, $"""<rect width="{Width * panels.Length}" height="{Height}" fill="white"/>""").Append('\n');
        for (var p = 0; p < panels.Length; p++)
            Panel(svg, p * Width, panels[p].Title, panels[p].XLabel, panels[p].YLabel, panels[p].Lines);
        return svg.Append("</svg>\n").ToString();
    }

    private static void Panel(StringBuilder svg, int offset, string title, string xLabel, string yLabel, IReadOnlyList<Series> lines)
    {
        var points = lines.SelectMany(l => l.Points).ToList();
        var (xMin, xMax) = (points.Min(p => p.X), points.Max(p => p.X));
        var yMax = Nice(points.Max(p => p.Y));
        if (xMax <= xMin)
            xMax = xMin + 1;
        var plotW = Width - Left - Right;
        var plotH = Height - Top - Bottom;
        double X(double x) => offset + Left + (x - xMin) / (xMax - xMin) * plotW;
        double Y(double y) => Top + plotH - y / yMax * plotH;

        svg.Append(CultureInfo.InvariantCulture, $"""<text x="{offset + Width / 2}" y="20" text-anchor="middle" font-size="14" font-weight="bold">{Escape(title)}</text>""").Append('\n');
        for (var i = 0; i <= 4; i++)
        {
            var y = yMax * i / 4;
            svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{offset + Left}" x2="{offset + Left + plotW}" y1="{Y(y):F1}" y2="{Y(y):F1}" stroke="#ddd"/>""");
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{offset + Left - 6}" y="{Y(y) + 4:F1}" text-anchor="end">{y:G3}</text>""").Append('\n');
        }
        for (var i = 0; i <= 6; i++)
        {
            var x = xMin + (xMax - xMin) * i / 6;
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{X(x):F1}" y="{Top + plotH + 16}" text-anchor="middle">{x:G3}</text>""").Append('\n');
        }
        svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{offset + Left}" y="{Top}" width="{plotW}" height="{plotH}" fill="none" stroke="#444"/>""").Append('\n');
        svg.Append(CultureInfo.InvariantCulture, $"""<text x="{offset + Left + plotW / 2}" y="{Height - 12}" text-anchor="middle">{Escape(xLabel)}</text>""").Append('\n');
        svg.Append(CultureInfo.InvariantCulture, $"""<text transform="translate({offset + 16},{Top + plotH / 2}) rotate(-90)" text-anchor="middle">{Escape(yLabel)}</text>""").Append('\n');
        for (var l = 0; l < lines.Count; l++)
        {
            var line = lines[l];
            var path = string.Join(' ', line.Points.Select(p => string.Create(CultureInfo.InvariantCulture, $"{X(p.X):F1},{Y(p.Y):F1}")));
            svg.Append(CultureInfo.InvariantCulture, $"""<polyline fill="none" stroke="{line.Color}" stroke-width="2"{(line.Dashed ? " stroke-dasharray=\"6 4\"" : "")} points="{path}"/>""").Append('\n');
            var legendY = Top + 14 + l * 16;
            svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{offset + Left + 10}" x2="{offset + Left + 30}" y1="{legendY - 4}" y2="{legendY - 4}" stroke="{line.Color}" stroke-width="2"{(line.Dashed ? " stroke-dasharray=\"6 4\"" : "")}/>""");
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{offset + Left + 36}" y="{legendY}">{Escape(line.Name)}</text>""").Append('\n');
        }
    }

    /// <summary>A round upper bound for the axis: 1, 2 or 5 times a power of ten.</summary>
    private static double Nice(double max)
    {
        if (max <= 0)
            return 1;
        var power = Math.Pow(10, Math.Floor(Math.Log10(max)));
        foreach (var step in new[] { 1.0, 2, 2.5, 5, 10 })
        {
            if (step * power >= max)
                return step * power;
        }
        return 10 * power;
    }

    private static string Escape(string text) => WebUtility.HtmlEncode(text);
}
