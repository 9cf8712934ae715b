# right: powers instead of sqrt, and an int gain works too
def xavier_normal_std(fan_in, fan_out, gain=1.0):
    return (2 / (fan_in + fan_out)) ** 0.5 * gain


def xavier_uniform_bound(fan_in, fan_out, gain=1.0):
    return (6 / (fan_in + fan_out)) ** 0.5 * gain
