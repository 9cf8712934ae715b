# wrong: measures the exponents with course_lib's coordinate check
def predicted_exponents():
    """Width exponents of each layer's change after a few steps: {setup: (input, hidden, output)}."""
    from course_lib import coord_check, data
    d = data.load_digits(rng=0)
    out = {}
    for key, (par, opt) in {"sp_adam": ("sp", "adam"), "mup_adam": ("mup", "adam"), "sp_sgd": ("sp", "sgd")}.items():
        c = coord_check.mlp_coord_check([64, 256, 1024], d.x_train[:64], d.y_train[:64], parametrization=par,
                                        optimizer=opt)
        out[key] = tuple(round(2 * float(s)) / 2 for s in c.slopes(1))
    return out
