/* nn.h -- small dense feed-forward networks with hand-written backprop and
 * Adam, for the MLP learner and for fair representation learning. A caller
 * runs forward on a batch, reads any hidden activation, adds its own
 * dL/dh to any hidden layer, sets dL/dout, runs backward, steps Adam:
 *
 *   fair_nn_forward(net, ws, Xb);
 *   h = fair_nn_layer_output(ws, 1);           // m x width(1), read-only
 *   G = fair_nn_layer_grad(ws, 1);             // zeroed by forward; add dL/dh
 *   fair_nn_layer_grad(ws, L) <- dL/dout       // L = fair_nn_nlayers(net)
 *   fair_nn_backward(net, ws, Xb, grad);       // grad = dL/dtheta (sums over rows)
 *   fair_adam_step(adam, fair_nn_params(net), grad);
 *
 * Layer l (1..L) computes a_l = act(a_{l-1} W_l + c_l) (a_0 = input; the last
 * layer is linear). Parameters live in one contiguous array: per layer W_l
 * (row-major, in x out) then c_l. */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_NN_H
#define FAIRSH_NN_H

#include <stddef.h>
#include <stdint.h>
#include <gsl/gsl_matrix.h>

#include "fairsh/error.h"

enum fair_nn_act { FAIR_NN_RELU = 0, FAIR_NN_TANH = 1, FAIR_NN_IDENTITY = 2 };

typedef struct fair_nn fair_nn;
typedef struct fair_nn_work fair_nn_work;
typedef struct fair_adam fair_adam;

/* A network with @nin inputs, hidden widths @hidden[0..nhidden) with
 * activation @act, and a linear output layer of @nout units. Weights are
 * Glorot-uniform (ReLU: He-uniform) from mt19937 seeded with @seed, biases 0.
 * Returns a new network (caller frees). Errors: FAIR_EINVAL (0 widths). */
fair_nn *fair_nn_new(size_t nin, const size_t *hidden, size_t nhidden, size_t nout,
                     int act, uint64_t seed, fair_error *err);
fair_nn *fair_nn_clone(const fair_nn *net, fair_error *err);
/* Saving (issue 10, persist.h): layer widths, activation and parameters into
 * the OBJECT @out (FAIR_ENOMEM), and back (new network or NULL with
 * FAIR_EPARSE when the widths and the parameter count disagree). */
struct fair_param;
int      fair_nn_export(const fair_nn *net, struct fair_param *out, fair_error *err);
fair_nn *fair_nn_import(const struct fair_param *in, fair_error *err);
void     fair_nn_free(fair_nn *net);   /* NULL is a no-op */

size_t   fair_nn_nlayers(const fair_nn *net);           /* hidden + output */
size_t   fair_nn_width(const fair_nn *net, size_t l);   /* l = 0 input .. L output */
size_t   fair_nn_nparams(const fair_nn *net);
double  *fair_nn_params(fair_nn *net);                  /* borrowed, writable */
const double *fair_nn_params_const(const fair_nn *net);
/* Offsets of W_l and c_l (l = 1..L) inside the parameter array. */
size_t   fair_nn_weight_offset(const fair_nn *net, size_t l);
size_t   fair_nn_bias_offset(const fair_nn *net, size_t l);

/* Workspace for batches of up to @max_rows rows (one per thread). */
fair_nn_work *fair_nn_work_new(const fair_nn *net, size_t max_rows, fair_error *err);
void          fair_nn_work_free(fair_nn_work *ws);

/* Forward pass on the rows of @X (m x nin, m <= max_rows); zeroes every
 * layer gradient. Errors: FAIR_EINVAL on a shape mismatch. */
int fair_nn_forward(const fair_nn *net, fair_nn_work *ws, const gsl_matrix *X, fair_error *err);
/* Output of layer @l (1..L) after the last forward: an m x width(l) view
 * (borrowed, valid until the next forward). l = L is the network output. */
gsl_matrix_view fair_nn_layer_output(fair_nn_work *ws, size_t l);
/* dL/d(output of layer l), m x width(l), writable: forward zeroes it, the
 * caller adds its gradients (at least for l = L), backward reads it. */
gsl_matrix_view fair_nn_layer_grad(fair_nn_work *ws, size_t l);
/* Backward pass for the batch of the last forward (@X the same matrix):
 * writes dL/dtheta into @grad (nparams doubles, overwritten), where L is any
 * function whose gradients w.r.t. layer outputs were put into the layer
 * gradients. Destroys the layer gradients of hidden layers. */
int fair_nn_backward(const fair_nn *net, fair_nn_work *ws, const gsl_matrix *X, double *grad,
                     fair_error *err);
/* Network output for every row of @X into @out (X->size1 x nout), in chunks;
 * allocates its own workspace. */
int fair_nn_predict(const fair_nn *net, const gsl_matrix *X, gsl_matrix *out, fair_error *err);

/* Adam (Kingma & Ba 2015) over @n parameters. */
fair_adam *fair_adam_new(size_t n, double lr, double beta1, double beta2, double eps,
                         fair_error *err);
void       fair_adam_step(fair_adam *a, double *params, const double *grad);
void       fair_adam_free(fair_adam *a);

#endif
