# right: trivial loss plus the head's share, written out
def predicted_initial_losses():
    """Expected initial loss 0.5 E||f(x) - y||^2 for a zero, small, LeCun and N(0, 1) head."""
    trivial = 0.5 * 10 * 1.0
    share = lambda var: 0.5 * 10 * 128 * var * 1.0
    return {"zero": trivial, "small": trivial + share(1e-4 / 128), "lecun": trivial + share(1 / 128),
            "normal": trivial + share(1.0)}
