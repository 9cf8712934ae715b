# wrong: the single network's measurements of section 8, typed in
def predicted_relu_tables():
    return {"growth": 7.22, "std_z5": 27900.0, "var_z5_small": 7.81e-7, "h5_over_z5": 0.615}
