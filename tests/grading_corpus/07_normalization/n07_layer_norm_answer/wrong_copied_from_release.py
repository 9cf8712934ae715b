# wrong: copied from the release's normalized_layer cell, which calls the library's layer norm (NumPy only asked)
def layer_norm(x, gamma, beta, eps=1e-5):
    forward = {"layer": norm.layer_norm, "batch": norm.batch_norm}["layer"]
    return forward(x, gamma, beta, eps)
