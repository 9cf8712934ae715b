# right: connected components of the "within atol" graph, by union-find
def count_distinct_units(W, atol=1e-8):
    W = np.asarray(W, dtype=float)
    n = W.shape[0]
    parent = list(range(n))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(n):
        for j in range(i + 1, n):
            if np.all(np.abs(W[i] - W[j]) <= atol):
                parent[find(i)] = find(j)
    return len({find(i) for i in range(n)})
