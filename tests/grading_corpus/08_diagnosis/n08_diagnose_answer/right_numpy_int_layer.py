# right: layer returned as a NumPy integer, kinds from a lookup
def diagnose(report):
    """(1-based layer, kind) of the one initialization bug the report shows, or (None, "healthy")."""
    r = np.asarray(report["weight_ratio"])
    m = np.asarray(report["weight_mean"])
    s = np.asarray(report["weight_std"])
    L = r.size
    if r[-1] > 5:
        return np.int64(L), "head"
    dev = np.zeros(L - 1)
    for i in range(L - 1):
        dev[i] = np.inf if s[i] == 0 or r[i] < 1e-3 else abs(np.log(r[i]))
        if abs(m[i]) > 0.3 * max(s[i], 1e-12):
            dev[i] = np.inf
    i = int(np.argmax(dev))
    if dev[i] < np.log(1.1):
        return None, "healthy"
    fan_out, fan_in = report["shapes"][i]
    if r[i] < 1e-3:
        return np.int64(i + 1), "constant"
    if abs(m[i]) > 0.3 * s[i]:
        return np.int64(i + 1), "rand"
    if np.isclose(r[i], np.sqrt(fan_in / fan_out), rtol=0.08):
        return np.int64(i + 1), "fan"
    if np.isclose(r[i], np.sqrt(2 / fan_in), rtol=0.08):
        return np.int64(i + 1), "variance"
    return np.int64(i + 1), "gain"
