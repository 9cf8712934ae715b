# right: returns a list [W, b] with b from np.full
def init_layer(fan_in, fan_out, std, rng):
    shape = (fan_out, fan_in)
    return [rng.normal(scale=std, size=shape), np.full(fan_out, 0.0)]
