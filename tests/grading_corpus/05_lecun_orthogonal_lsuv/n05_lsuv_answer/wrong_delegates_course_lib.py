# wrong: delegates to course_lib.lsuv instead of writing the loop
def lsuv_rescale(weights, x, phi, tol=0.05, max_iter=10):
    """Rescale each W_l, first to last, until Var(z_l) is within tol of 1."""
    new, _ = lsuv(list(weights), x, tol=tol, max_iter=max_iter, activation=phi)
    return new
