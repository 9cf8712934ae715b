# right: exponents built from the update rules (n aligned terms, delta through W_out)
def predicted_exponents():
    """Width exponents of each layer's change after a few steps: {setup: (input, hidden, output)}."""
    aligned = 1.0                      # Adam or SGD: a sum of n terms of one sign
    delta_hidden = -0.5                # W_out^T delta with W_out of std n^(-1/2)
    head_alignment = 0.5               # the head's input change is aligned with its n-long rows of std n^(-1/2)
    sp_adam = (0.0, aligned, aligned + head_alignment)
    sp_sgd = (delta_hidden + 0.0, delta_hidden + aligned, 0.0 + aligned)
    mup_adam = tuple(s - s for s in sp_adam)
    return {"sp_adam": sp_adam, "mup_adam": mup_adam, "sp_sgd": sp_sgd}
