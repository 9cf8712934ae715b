# wrong: delegates to torch.nn.init.kaiming_normal_
def kaiming_normal(shape, a=0.0, mode="fan_in", nonlinearity="leaky_relu", rng=None):
    import torch

    seed = int(rng.integers(2**31)) if rng is not None else 0
    torch.manual_seed(seed)
    weight = torch.empty(shape, dtype=torch.float64)
    torch.nn.init.kaiming_normal_(weight, a=a, mode=mode, nonlinearity=nonlinearity)
    return weight.numpy()
