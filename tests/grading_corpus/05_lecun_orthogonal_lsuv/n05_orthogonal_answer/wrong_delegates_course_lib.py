# wrong: delegates to course_lib.init.orthogonal instead of implementing it
def orthogonal(shape, gain=1.0, rng=None):
    """Haar-distributed (semi-)orthogonal array of `shape` times `gain`."""
    return init.orthogonal(shape, gain, rng=rng)
