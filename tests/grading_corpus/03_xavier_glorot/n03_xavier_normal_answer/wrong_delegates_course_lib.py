# wrong: delegates to course_lib (the package-level alias)
def xavier_normal(shape, gain=1.0, rng=None):
    import course_lib
    return course_lib.glorot_normal(shape, gain=gain, rng=rng)
