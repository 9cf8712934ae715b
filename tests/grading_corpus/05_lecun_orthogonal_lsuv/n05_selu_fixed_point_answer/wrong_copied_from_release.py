# wrong: copied from the release's section 3.4 cell (predicted_moments iterates q = factor * second_moment("selu", q)
# for 300 layers); it delegates to course_lib.stats, which the tests switch off
def selu_fixed_point(gain):
    """The fixed point q* > 0 of q -> gain**2 * E[selu(z)^2], z ~ N(0, q)."""
    factor = gain**2
    q = factor * 1.0
    for layer in range(1, 300 + 1):
        q = factor * float(second_moment("selu", q))
    return q
