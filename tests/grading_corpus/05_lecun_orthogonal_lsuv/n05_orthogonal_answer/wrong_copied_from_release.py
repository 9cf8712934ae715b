# wrong: copied from the release's section 4.3 cell: the blog post's first version (sign fix, but QR of the
# requested shape, so a wide shape comes back square), with gain and rng added
def orthogonal(shape, gain=1.0, rng=None):
    """Haar-distributed (semi-)orthogonal array of `shape` times `gain`."""
    rng = np.random.default_rng(rng)
    rows, cols = shape[0], math.prod(shape[1:])
    q, r = np.linalg.qr(rng.standard_normal((rows, cols)))
    if rows < cols:
        q = q.T
    return gain * (q * np.sign(np.diag(r)))[:rows, :cols]
