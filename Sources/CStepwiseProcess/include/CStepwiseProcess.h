// What the handler packages' process code needs from C that the Swift Glibc module hides.
#ifndef STEPWISE_CSTEPWISEPROCESS_H
#define STEPWISE_CSTEPWISEPROCESS_H

/// A pipe whose ends close on exec, created atomically (pipe2 is a GNU extension), so that a
/// child spawned by another thread meanwhile cannot inherit them.
int stepwise_pipe_cloexec(int fds[2]);

#endif
