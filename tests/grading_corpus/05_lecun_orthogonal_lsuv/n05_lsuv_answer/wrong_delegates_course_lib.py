# wrong: delegates to course_lib.lsuv with measure="post" instead of writing the loop
def lsuv_rescale(weights, x, phi, tol=0.05, max_iter=10):
    """Rescale each W_l until Var(phi(z_l)) is within tol of 1, at most max_iter times."""
    new, _ = lsuv(list(weights), x, tol=tol, max_iter=max_iter, activation=phi, measure="post")
    return new
