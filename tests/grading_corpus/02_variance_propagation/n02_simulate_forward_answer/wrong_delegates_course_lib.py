# wrong (delegates): builds a course_lib MLP from drawn weights and reads its recorded pre-activations
def simulate_forward_std(widths, weight_std, activation, input_std, batch, rng):
    weights = [weight_std * rng.standard_normal((n_out, n_in)) for n_in, n_out in zip(widths, widths[1:])]
    net = MLP(weights, activation=activation)
    net.forward(input_std * rng.standard_normal((batch, widths[0])))
    return np.array([z.std() for z in net.pre])
