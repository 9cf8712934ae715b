# wrong: pasted from the release's section-3 cell (fans from course_lib.fans, the draw from course_lib.init)
def xavier_uniform(shape, gain=1.0, rng=None):
    fan_in, fan_out = fan_in_and_fan_out(shape)
    bound = gain * math.sqrt(6 / (fan_in + fan_out))
    return init.uniform(shape, -bound, bound, rng=rng)
