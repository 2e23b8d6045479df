package org.tasl.eval;

/**
 * The continual-learning summary numbers of TASL_SPEC §8, computed from the accuracy matrix a
 * (N tasks) and the starting backbone's scores b:
 * <pre>
 *   AP      = (1/N)   Σ_i      a[N−1][i]
 *   BWT     = (1/(N−1)) Σ_{i&lt;N−1} (a[N−1][i] − a[i][i])
 *   FWT     = (1/(N−1)) Σ_{i≥1}   (a[i−1][i] − b_i)
 *   FWT_raw = (1/(N−1)) Σ_{i≥1}    a[i−1][i]          (the reference code's number, no b_i)
 * </pre>
 * With one task BWT and FWT are undefined (NaN); a missing cell or baseline gives NaN.
 */
public record ContinualMetrics(double ap, double bwt, double fwt, double fwtRaw) {

    public static ContinualMetrics of(double[][] a, double[] baseline) {
        return new ContinualMetrics(ap(a), bwt(a), fwt(a, baseline), fwtRaw(a));
    }

    public static ContinualMetrics of(AccuracyMatrix m, double[] baseline) {
        return of(m.toArray(), baseline);
    }

    public static double ap(double[][] a) {
        int n = a.length;
        if (n == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += a[n - 1][i];
        }
        return sum / n;
    }

    public static double bwt(double[][] a) {
        int n = a.length;
        if (n < 2) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = 0; i < n - 1; i++) {
            sum += a[n - 1][i] - a[i][i];
        }
        return sum / (n - 1);
    }

    public static double fwt(double[][] a, double[] baseline) {
        int n = a.length;
        if (n < 2 || baseline == null || baseline.length < n) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = 1; i < n; i++) {
            sum += a[i - 1][i] - baseline[i];
        }
        return sum / (n - 1);
    }

    public static double fwtRaw(double[][] a) {
        int n = a.length;
        if (n < 2) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = 1; i < n; i++) {
            sum += a[i - 1][i];
        }
        return sum / (n - 1);
    }
}
