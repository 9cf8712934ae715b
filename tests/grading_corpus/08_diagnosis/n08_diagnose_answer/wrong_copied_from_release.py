# wrong: assembled from the release: the worst layer by |log std(W)/target| (the first column to read), kind from the table's first row
def diagnose(report):
    """(1-based layer, kind) of the one initialization bug the report shows, or (None, "healthy")."""
    ratio = np.asarray(report["weight_ratio"], dtype=float)
    worst = int(np.argmax(np.abs(np.log(np.maximum(ratio, 1e-12)))))
    return worst + 1, "fan"
