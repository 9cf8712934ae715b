# wrong: gain squared (applied to the std as gain**2)
def xavier_normal_std(fan_in, fan_out, gain=1.0):
    return gain**2 * math.sqrt(2.0 / (fan_in + fan_out))


def xavier_uniform_bound(fan_in, fan_out, gain=1.0):
    return gain**2 * math.sqrt(6.0 / (fan_in + fan_out))
