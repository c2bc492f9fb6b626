namespace Guild.Core.Allocation;

/// <summary>
/// log2 and 2^x from IEEE-exact operations only (+, -, *, / and exact power-of-two scaling).
/// </summary>
/// <remarks>
/// Math.Log2 and Math.Pow come from the platform's C library and may differ in the last bit between Linux, Windows,
/// macOS or CPU families. A last-bit difference in one mint can move one wei in the largest-remainder step and so
/// change the root, and an outside auditor must reproduce the root on whatever machine they have. These fixed-length
/// series give the same bits everywhere (.NET never fuses a*b+c on its own); they are accurate to a few ulps, which
/// is far below anything the weights express.
/// </remarks>
internal static class PortableMath
{
    private const double Ln2 = 0.69314718055994530942;

    // Series coefficients, computed once by correctly rounded IEEE division (the same bits on every machine).
    private static readonly double[] OddReciprocals = Enumerable.Range(0, 12).Select(j => 1.0 / ((2 * j) + 1)).ToArray();
    private static readonly double[] InverseFactorials = InverseFactorialTable(20);

    private static double[] InverseFactorialTable(int count)
    {
        var table = new double[count];
        table[0] = 1;
        for (var k = 1; k < count; k++)
        {
            table[k] = table[k - 1] / k;
        }
        return table;
    }

    /// <summary>log2(x) for finite x &gt; 0.</summary>
    public static double Log2(double x)
    {
        if (!(x > 0) || !double.IsFinite(x))
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, "log2 needs a finite positive number.");
        }
        var exponent = Math.ILogB(x);
        var m = Math.ScaleB(x, -exponent); // in [1, 2), exact
        if (m > 1.4142135623730951)
        {
            m *= 0.5; // now in [0.707, 1.414): the series below converges fastest around 1
            exponent++;
        }
        // ln(m) = 2 atanh(s) = 2 (s + s³/3 + s⁵/5 + …), s = (m - 1) / (m + 1), |s| < 0.1716: 12 terms reach below 1e-19.
        var s = (m - 1) / (m + 1);
        var s2 = s * s;
        var sum = 0.0;
        for (var j = OddReciprocals.Length - 1; j >= 0; j--)
        {
            sum = (sum * s2) + OddReciprocals[j];
        }
        return exponent + (2 * s * sum / Ln2);
    }

    /// <summary>2^x for finite x (results below the smallest double become 0).</summary>
    public static double Exp2(double x)
    {
        if (!double.IsFinite(x))
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, "exp2 needs a finite number.");
        }
        if (x < -1100)
        {
            return 0;
        }
        var whole = Math.Floor(x);
        var y = (x - whole) * Ln2; // in [0, ln 2)
        // e^y by its Taylor series in Horner form: 20 terms leave an error below 0.7^20 / 20!, far under one ulp.
        var sum = 0.0;
        for (var k = InverseFactorials.Length - 1; k >= 0; k--)
        {
            sum = (sum * y) + InverseFactorials[k];
        }
        return Math.ScaleB(sum, (int)whole);
    }
}
