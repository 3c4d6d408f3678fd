// child_process.hpp - runs one scenario of coda_process_scenarios in a child process.
//
// fork + exec with stdout and stderr on pipes, stdin on /dev/null, an empty signal mask
// and default signal actions (whatever ctest or a shell left us), in its own process
// group so that a timeout kills grandchildren too. Every wait has a deadline (20 s, 60 s
// in sanitized builds): on expiry the group gets SIGKILL and the outcome says timed_out.
#ifndef CODA_TESTS_CHILD_PROCESS_HPP
#define CODA_TESTS_CHILD_PROCESS_HPP

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#ifndef CODA_SCENARIOS
#error "CODA_SCENARIOS must name the scenario executable"
#endif

namespace coda_test {

using clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

// Deadlines catch hangs, they do not time anything: a sanitized child on two loaded cores
// runs several times slower than a plain one, so sanitized builds wait 3 times as long.
#if defined(__SANITIZE_THREAD__) || defined(__SANITIZE_ADDRESS__)
inline constexpr int deadline_scale = 3;
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer) || __has_feature(address_sanitizer)
inline constexpr int deadline_scale = 3;
#else
inline constexpr int deadline_scale = 1;
#endif
#else
inline constexpr int deadline_scale = 1;
#endif

// ThreadSanitizer delivers a caught signal only at the thread's next intercepted call, and
// under load it has left one deferred for good: the signal tests send it again there
// only, so that elsewhere a signal coda lost still fails them.
#if defined(__SANITIZE_THREAD__)
inline constexpr bool signals_may_stay_deferred = true;
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
inline constexpr bool signals_may_stay_deferred = true;
#else
inline constexpr bool signals_may_stay_deferred = false;
#endif
#else
inline constexpr bool signals_may_stay_deferred = false;
#endif

// A deadline for this build: d in a plain one.
constexpr clock::duration deadline_for(clock::duration d) { return d * deadline_scale; }
inline constexpr clock::duration default_deadline = deadline_for(20s);

// How a child ended, and everything it wrote.
struct outcome {
    std::string out;
    std::string err;
    int status = 0;          // as from waitpid
    bool timed_out = false;  // killed by us after the deadline
    double seconds = 0;      // from start to reaped
};

inline std::string describe(const outcome &o) {
    std::string text;
    if (o.timed_out) {
        text = "timed out (killed by the test)";
    } else if (WIFEXITED(o.status)) {
        text = "exited with status " + std::to_string(WEXITSTATUS(o.status));
    } else if (WIFSIGNALED(o.status)) {
        text = "killed by signal " + std::to_string(WTERMSIG(o.status)) + " (" + strsignal(WTERMSIG(o.status)) + ")";
    } else {
        text = "wait status " + std::to_string(o.status);
    }
    text += " after " + std::to_string(o.seconds) + " s\n--- stdout ---\n" + o.out + "\n--- stderr ---\n" + o.err;
    return text;
}

inline ::testing::AssertionResult exited_with(const outcome &o, int code) {
    if (!o.timed_out && WIFEXITED(o.status) && WEXITSTATUS(o.status) == code) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "expected exit status " << code << ", but the child " << describe(o);
}

inline ::testing::AssertionResult killed_by(const outcome &o, int signal_number) {
    if (!o.timed_out && WIFSIGNALED(o.status) && WTERMSIG(o.status) == signal_number) {
        return ::testing::AssertionSuccess();
    }
    return ::testing::AssertionFailure() << "expected death by signal " << signal_number << " ("
                                         << strsignal(signal_number) << "), but the child " << describe(o);
}

class child_process {
public:
    // Runs CODA_SCENARIOS with the given arguments (the scenario name first).
    // extra_env: "NAME=value" strings added to the environment.
    explicit child_process(std::initializer_list<std::string> args, std::initializer_list<std::string> extra_env = {})
        : started_(clock::now()) {
        std::vector<std::string> argv_storage{CODA_SCENARIOS};
        argv_storage.insert(argv_storage.end(), args.begin(), args.end());
        std::vector<char *> argv;
        for (std::string &a : argv_storage) argv.push_back(a.data());
        argv.push_back(nullptr);

        // TSan builds: its at-exit sleep (1 s by default when threads are still running)
        // would make the thread scenarios slow; switch it off unless the user set it.
        std::vector<std::string> env_storage;
        std::string tsan_options = "TSAN_OPTIONS=";
        for (char **e = environ; *e != nullptr; ++e) {
            if (std::strncmp(*e, "TSAN_OPTIONS=", 13) == 0) {
                tsan_options = *e;
            } else {
                env_storage.emplace_back(*e);
            }
        }
        if (tsan_options.find("atexit_sleep_ms") == std::string::npos) tsan_options += " atexit_sleep_ms=0";
        env_storage.push_back(tsan_options);
        env_storage.insert(env_storage.end(), extra_env.begin(), extra_env.end());
        std::vector<char *> envp;
        for (std::string &e : env_storage) envp.push_back(e.data());
        envp.push_back(nullptr);

        int out_pipe[2];
        int err_pipe[2];
        if (::pipe2(out_pipe, O_CLOEXEC) != 0 || ::pipe2(err_pipe, O_CLOEXEC) != 0) {
            ADD_FAILURE() << "pipe2: " << std::strerror(errno);
            return;
        }
        const int null_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
        pid_ = ::fork();
        if (pid_ == 0) {
            // The child: only async-signal-safe calls until exec.
            (void)::setpgid(0, 0);
            sigset_t none;
            sigemptyset(&none);
            (void)sigprocmask(SIG_SETMASK, &none, nullptr);
            struct sigaction dfl {};
            dfl.sa_handler = SIG_DFL;
            sigemptyset(&dfl.sa_mask);
            for (int s = 1; s < NSIG; ++s) {
                if (s != SIGKILL && s != SIGSTOP) (void)sigaction(s, &dfl, nullptr);
            }
            if (null_fd >= 0) (void)::dup2(null_fd, STDIN_FILENO);
            (void)::dup2(out_pipe[1], STDOUT_FILENO);
            (void)::dup2(err_pipe[1], STDERR_FILENO);
            ::execve(argv[0], argv.data(), envp.data());
            static const char message[] = "exec of the scenario executable failed\n";
            (void)!::write(STDERR_FILENO, message, sizeof message - 1);
            ::_exit(127);
        }
        if (pid_ > 0) (void)::setpgid(pid_, pid_);  // also here: no race with our kill(-pid)
        if (null_fd >= 0) ::close(null_fd);
        ::close(out_pipe[1]);
        ::close(err_pipe[1]);
        out_fd_ = out_pipe[0];
        err_fd_ = err_pipe[0];
        if (pid_ < 0) {
            ADD_FAILURE() << "fork: " << std::strerror(errno);
            close_fds();
        }
    }

    child_process(const child_process &) = delete;
    child_process &operator=(const child_process &) = delete;

    ~child_process() {
        if (pid_ > 0) {
            (void)::kill(-pid_, SIGKILL);
            (void)::kill(pid_, SIGKILL);
            int status = 0;
            (void)::waitpid(pid_, &status, 0);
        }
        close_fds();
    }

    // Reads output until stdout contains `needle`; false at EOF or after the timeout.
    bool wait_for(std::string_view needle, clock::duration timeout = default_deadline) {
        const clock::time_point deadline = clock::now() + timeout;
        while (result_.out.find(needle) == std::string::npos) {
            if (out_fd_ < 0 || !pump(deadline)) return false;
        }
        return true;
    }

    void send(int signal_number) {
        if (pid_ > 0) (void)::kill(pid_, signal_number);
    }

    // Reads stdout and stderr to their end and reaps the child. After the timeout the
    // whole process group gets SIGKILL and timed_out is set.
    outcome finish(clock::duration timeout = default_deadline) {
        const clock::time_point deadline = clock::now() + timeout;
        while (out_fd_ >= 0 || err_fd_ >= 0) {
            if (!pump(deadline)) break;
        }
        while (pid_ > 0) {
            int status = 0;
            const pid_t done = ::waitpid(pid_, &status, WNOHANG);
            if (done == pid_) {
                result_.status = status;
                pid_ = -1;
                break;
            }
            if (done < 0 && errno != EINTR) {
                ADD_FAILURE() << "waitpid: " << std::strerror(errno);
                pid_ = -1;
                break;
            }
            if (clock::now() >= deadline) {
                result_.timed_out = true;
                (void)::kill(-pid_, SIGKILL);
                (void)::kill(pid_, SIGKILL);
                (void)::waitpid(pid_, &status, 0);
                result_.status = status;
                pid_ = -1;
                break;
            }
            (void)::poll(nullptr, 0, 1);
        }
        close_fds();
        result_.seconds = std::chrono::duration<double>(clock::now() - started_).count();
        return result_;
    }

    const std::string &out() const { return result_.out; }

private:
    // One poll and the reads it allows. False when the deadline passed.
    bool pump(clock::time_point deadline) {
        pollfd fds[2];
        nfds_t n = 0;
        if (out_fd_ >= 0) fds[n++] = {out_fd_, POLLIN, 0};
        if (err_fd_ >= 0) fds[n++] = {err_fd_, POLLIN, 0};
        if (n == 0) return true;
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock::now()).count();
        if (left <= 0) return false;
        const int ready = ::poll(fds, n, static_cast<int>(left));
        if (ready < 0) return errno == EINTR;
        for (nfds_t i = 0; i < n; ++i) {
            if (fds[i].revents == 0) continue;
            const bool is_out = fds[i].fd == out_fd_;
            char buffer[4096];
            const ssize_t got = ::read(fds[i].fd, buffer, sizeof buffer);
            if (got > 0) {
                (is_out ? result_.out : result_.err).append(buffer, static_cast<std::size_t>(got));
            } else if (got == 0 || (errno != EINTR && errno != EAGAIN)) {
                ::close(fds[i].fd);
                (is_out ? out_fd_ : err_fd_) = -1;
            }
        }
        return true;
    }

    void close_fds() {
        if (out_fd_ >= 0) ::close(out_fd_);
        if (err_fd_ >= 0) ::close(err_fd_);
        out_fd_ = err_fd_ = -1;
    }

    pid_t pid_ = -1;
    int out_fd_ = -1;
    int err_fd_ = -1;
    clock::time_point started_;
    outcome result_;
};

// Runs a scenario to its end.
inline outcome run_scenario(std::initializer_list<std::string> args, clock::duration timeout = default_deadline) {
    child_process child(args);
    return child.finish(timeout);
}

} // namespace coda_test

#endif // CODA_TESTS_CHILD_PROCESS_HPP
