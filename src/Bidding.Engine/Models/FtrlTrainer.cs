namespace Bidding.Engine.Models;

/// <summary>
/// Logistic regression trained online with FTRL-Proximal (McMahan et al., 2013), over hashed binary
/// features: per weight, z and n accumulate the gradients; the weight is 0 while |z| ≤ λ1 (L1 keeps
/// the model sparse) and −(z − sign(z)·λ1) / ((β + √n)/α + λ2) otherwise. One pass, in order.
/// </summary>
public sealed class FtrlTrainer(int hashBits, double alpha = 0.05, double beta = 1.0, double l1 = 1.0, double l2 = 1.0)
{
    private readonly double[] _z = new double[1 << hashBits];
    private readonly double[] _n = new double[1 << hashBits];
    private readonly int[] _active = new int[64];
    private readonly ulong _mask = (1UL << hashBits) - 1;

    public int HashBits { get; } = hashBits;

    public long Examples { get; private set; }

    /// <summary>The click probability the current weights give a row of field hashes.</summary>
    public double Predict(ReadOnlySpan<ulong> row)
    {
        var logit = 0.0;
        foreach (var hash in row)
            logit += Weight((int)(hash & _mask));
        return Sigmoid(logit);
    }

    /// <summary>Learns from one example (<paramref name="clicked"/> is the label) and returns the prediction made before learning.</summary>
    public double Learn(ReadOnlySpan<ulong> row, bool clicked)
    {
        var count = Math.Min(row.Length, _active.Length);
        var logit = 0.0;
        for (var i = 0; i < count; i++)
        {
            _active[i] = (int)(row[i] & _mask);
            logit += Weight(_active[i]);
        }
        var p = Sigmoid(logit);
        var gradient = p - (clicked ? 1 : 0);
        for (var i = 0; i < count; i++)
        {
            var j = _active[i];
            var weight = Weight(j);
            var sigma = (Math.Sqrt(_n[j] + gradient * gradient) - Math.Sqrt(_n[j])) / alpha;
            _z[j] += gradient - sigma * weight;
            _n[j] += gradient * gradient;
        }
        Examples++;
        return p;
    }

    /// <summary>The weights (2^hashBits), for export. The bias is the weight of the constant field, so the exported bias is 0.</summary>
    public float[] Weights()
    {
        var weights = new float[_z.Length];
        for (var j = 0; j < weights.Length; j++)
            weights[j] = (float)Weight(j);
        return weights;
    }

    private double Weight(int j)
    {
        var z = _z[j];
        if (Math.Abs(z) <= l1)
            return 0;
        return -(z - Math.Sign(z) * l1) / ((beta + Math.Sqrt(_n[j])) / alpha + l2);
    }

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-Math.Clamp(x, -35, 35)));
}
