# wrong: delegates to course_lib.init (the exercise is to write it)
def xavier_uniform(shape, gain=1.0, rng=None):
    return init.xavier_uniform(shape, gain=gain, rng=rng)
