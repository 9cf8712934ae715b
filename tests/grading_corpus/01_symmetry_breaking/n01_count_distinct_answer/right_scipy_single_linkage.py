# right: scipy single-linkage clustering with the Chebyshev (max-abs) distance, cut at atol
def count_distinct_units(W, atol=1e-8):
    from scipy.cluster.hierarchy import fcluster, linkage

    W = np.asarray(W, dtype=float)
    if W.shape[0] == 1:
        return 1
    labels = fcluster(linkage(W, method="single", metric="chebyshev"), t=atol, criterion="distance")
    return int(len(set(labels)))
