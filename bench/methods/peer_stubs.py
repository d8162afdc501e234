# peer_stubs.py -- bench only: empty stand-ins for modules AIF360 imports at
# package import time (plotting, optional back ends) but the post-processors
# the bench runs never call. Not part of fairsh.
# SPDX-License-Identifier: MIT
# stubs for modules the peers import but the bench never calls
import sys, types
class _Any(types.ModuleType):
    def __getattr__(self, name):
        if name.startswith('__'):
            raise AttributeError(name)
        m = _Any(self.__name__ + '.' + name)
        sys.modules[m.__name__] = m
        return m
    def __call__(self, *a, **k):
        return self
for name in ['matplotlib', 'matplotlib.pyplot', 'matplotlib.cm', 'mpl_toolkits', 'mpl_toolkits.mplot3d', 'seaborn', 'tempeh', 'skorch', 'torch', 'tensorflow', 'igraph', 'lime', 'cvxpy']:
    if name not in sys.modules:
        sys.modules[name] = _Any(name)
