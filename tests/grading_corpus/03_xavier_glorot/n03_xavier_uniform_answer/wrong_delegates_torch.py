# wrong: delegates to torch.nn.init with a generator seeded from rng
import torch


def xavier_uniform(shape, gain=1.0, rng=None):
    if rng is None:
        rng = np.random.default_rng()
    generator = torch.Generator().manual_seed(int(rng.integers(2**62)))
    W = torch.empty(tuple(shape), dtype=torch.float64)
    torch.nn.init.xavier_uniform_(W, gain=gain, generator=generator)
    return W.numpy()
