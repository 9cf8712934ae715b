# right: solves spread0 * e^(t / tau) = spread at escape for t, with eps's spread proportional to eps
def predicted_escape_step(eps):
    tau = 1138.0
    escape_spread = 0.044 * math.exp(3550 / tau)    # the eps = 1e-2 start's spread was 0.044
    return tau * math.log(escape_spread / (4.4 * eps))
