# right: a loop over the factors of the product
def log_std_spread(widths, activation):
    var_log_q = 2.0 / widths[0]  # ||x||^2, chi-square with n_0 degrees of freedom
    for n in widths[1:-1]:
        var_log_q += (5.0 if activation == "relu" else 2.0) / n
    var_log_q += 2.0 / widths[-1]  # ||z_L||^2 given h_(L-1)
    return math.sqrt(var_log_q / 4)
