// producer - a buffered message producer flushed at exit and on SIGTERM, like Python's
//
//     atexit.register(producer.flush)
//     signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # so a kill flushes too
//
// in C++. The producer keeps messages in memory and writes them in batches of 8 to a
// UNIX socket. Its flush is registered with coda for CODA_ON_EXIT | CODA_ON_SIGNAL and
// coda_catch_signals makes SIGTERM run it, inside the signal handler: so flush uses
// only async-signal-safe calls, write(2) and sigprocmask(2).
//
// The program forks: the child produces 20 messages, the parent consumes and counts.
//   coda_producer exit     the child exits with 4 messages buffered: exit flushes them
//   coda_producer sigterm  the child waits with 4 messages buffered and the parent sends
//                          SIGTERM: the signal flushes them, then the child dies by it
// Either way the parent must receive all 20 messages, in order.
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "coda/posix.h"
#include "coda/registry.hpp"

namespace {

constexpr int total_messages = 20;
constexpr int batch_size = 8;

// Holds the termination signals back while the buffer changes, so that the flush a
// signal runs never sees it half-updated.
class signals_held {
public:
    signals_held() {
        sigset_t held;
        sigemptyset(&held);
        sigaddset(&held, SIGTERM);
        sigaddset(&held, SIGINT);
        sigaddset(&held, SIGHUP);
        sigprocmask(SIG_BLOCK, &held, &saved_);
    }
    ~signals_held() { sigprocmask(SIG_SETMASK, &saved_, nullptr); }
    signals_held(const signals_held &) = delete;
    signals_held &operator=(const signals_held &) = delete;

private:
    sigset_t saved_;
};

class producer {
public:
    void connect(int fd) { fd_ = fd; }
    int buffered() const { return buffered_; }

    // Buffers one message; writes the batch out when it is full.
    void send(int sequence) {
        signals_held hold;
        const int length = std::snprintf(buffer_ + used_, sizeof buffer_ - used_, "message %d\n", sequence);
        used_ += static_cast<std::size_t>(length);
        if (++buffered_ == batch_size) flush();
    }

    // Registered with coda for exit and for termination signals: writes what is
    // buffered. Async-signal-safe: write(2) and sigprocmask(2) only.
    void flush() {
        signals_held hold;
        std::size_t done = 0;
        while (done < used_) {
            const ssize_t n = ::write(fd_, buffer_ + done, used_ - done);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) break;  // the consumer has gone
            done += static_cast<std::size_t>(n);
        }
        used_ = 0;
        buffered_ = 0;
    }

private:
    int fd_ = -1;
    char buffer_[batch_size * 16]{};
    std::size_t used_ = 0;
    int buffered_ = 0;
};

producer outbox;  // static storage: alive when the exit and signal handlers run

// The child: sends the messages, tells the parent how many are still buffered, then
// exits, or waits for the parent's SIGTERM. Both ways out run outbox.flush().
[[noreturn]] void produce(int socket, int ready, bool wait_for_sigterm) {
    outbox.connect(socket);
    if (coda::global().add<&producer::flush>(outbox, CODA_ON_EXIT | CODA_ON_SIGNAL) != coda::status::ok ||
        coda_catch_signals(nullptr, 0) != CODA_OK)
        std::_Exit(3);
    for (int i = 1; i <= total_messages; ++i) outbox.send(i);

    const char buffered = static_cast<char>(outbox.buffered());
    if (::write(ready, &buffered, 1) != 1) std::_Exit(4);
    if (wait_for_sigterm) {
        for (;;) pause();  // SIGTERM: coda flushes the outbox, then the signal ends us
    }
    std::exit(0);  // exit(): coda flushes the outbox
}

// The parent: reads until the producer's end closes; counts the messages received in order.
int consume(int socket) {
    std::FILE *in = fdopen(socket, "r");
    int received = 0;
    int sequence = 0;
    while (std::fscanf(in, "message %d\n", &sequence) == 1 && sequence == received + 1) ++received;
    std::fclose(in);
    return received;
}

} // namespace

int main(int argc, char **argv) {
    const char *how = argc == 2 ? argv[1] : "";
    const bool sigterm = std::strcmp(how, "sigterm") == 0;
    if (!sigterm && std::strcmp(how, "exit") != 0) {
        std::fprintf(stderr, "usage: %s exit|sigterm\n", argv[0]);
        return 2;
    }
    int channel[2];
    int ready[2];
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, channel) != 0 || pipe(ready) != 0) {
        std::perror("socketpair/pipe");
        return 1;
    }
    std::fflush(stdout);  // the child must not inherit unwritten output
    const pid_t child = fork();
    if (child < 0) {
        std::perror("fork");
        return 1;
    }
    if (child == 0) {
        close(channel[0]);
        close(ready[0]);
        produce(channel[1], ready[1], sigterm);
    }
    close(channel[1]);
    close(ready[1]);

    char buffered = 0;
    if (read(ready[0], &buffered, 1) != 1) {
        std::fprintf(stderr, "the producer failed before sending its messages\n");
        return 1;
    }
    std::printf("producer: %d messages sent, %d still buffered; %s\n", total_messages, buffered,
                sigterm ? "the consumer sends it SIGTERM" : "it exits");
    if (sigterm) kill(child, SIGTERM);

    const int received = consume(channel[0]);
    int status = 0;
    waitpid(child, &status, 0);
    std::printf("consumer: received %d of %d messages, in order\n", received, total_messages);
    if (WIFSIGNALED(status))
        std::printf("producer: killed by %s\n", WTERMSIG(status) == SIGTERM ? "SIGTERM" : strsignal(WTERMSIG(status)));
    else
        std::printf("producer: exited with status %d\n", WEXITSTATUS(status));

    const bool ended_as_expected = sigterm ? WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM
                                           : WIFEXITED(status) && WEXITSTATUS(status) == 0;
    return received == total_messages && ended_as_expected ? 0 : 1;
}
