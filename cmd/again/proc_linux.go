package main

import (
	"bytes"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"unsafe"
)

// setDeathSignal makes the kernel send SIGKILL to the command when again
// dies, however it dies. The signal is tied to the thread that started the
// command; Go ends a thread only when a goroutine locked to it returns, which
// again never does.
func setDeathSignal(attr *syscall.SysProcAttr) { attr.Pdeathsig = syscall.SIGKILL }

// isTerminal reports whether f is a terminal.
func isTerminal(f *os.File) bool {
	var t syscall.Termios
	_, _, errno := syscall.Syscall(syscall.SYS_IOCTL, f.Fd(), syscall.TCGETS, uintptr(unsafe.Pointer(&t)))
	return errno == 0
}

// reaper reaps every child of again when again runs as PID 1 (a container's
// entrypoint), where orphans are handed to it; it keeps the statuses of the
// commands again waits for.
type reaper struct {
	mu      sync.Mutex
	waiting map[int]chan syscall.WaitStatus // pid -> where its status goes
	early   map[int]syscall.WaitStatus      // reaped before anyone waited
}

// theReaper is the reaper, or nil unless again is PID 1.
var theReaper *reaper

// startReaper starts reaping when again is PID 1.
func startReaper() {
	if os.Getpid() != 1 {
		return
	}
	r := &reaper{waiting: make(map[int]chan syscall.WaitStatus), early: make(map[int]syscall.WaitStatus)}
	theReaper = r
	sigchld := make(chan os.Signal, 1)
	signal.Notify(sigchld, syscall.SIGCHLD)
	go func() {
		for {
			r.reapAll()
			<-sigchld
		}
	}()
}

// reapAll reaps every child that has exited.
func (r *reaper) reapAll() {
	for {
		var ws syscall.WaitStatus
		pid, err := syscall.Wait4(-1, &ws, syscall.WNOHANG, nil)
		if err == syscall.EINTR {
			continue
		}
		if err != nil || pid <= 0 {
			return
		}
		r.mu.Lock()
		if c, ok := r.waiting[pid]; ok {
			delete(r.waiting, pid)
			c <- ws
		} else {
			r.early[pid] = ws // kept until waited for; orphans' entries are small
		}
		r.mu.Unlock()
	}
}

// wait waits for the reaper to reap pid.
func (r *reaper) wait(pid int) syscall.WaitStatus {
	r.mu.Lock()
	if ws, ok := r.early[pid]; ok {
		delete(r.early, pid)
		r.mu.Unlock()
		return ws
	}
	c := make(chan syscall.WaitStatus, 1)
	r.waiting[pid] = c
	r.mu.Unlock()
	return <-c
}

// reap waits for the child pid to exit and reaps it, calling stopped when
// it stops (except as PID 1, where stops are not reported).
func reap(pid int, stopped func(os.Signal)) (syscall.WaitStatus, error) {
	if theReaper != nil {
		return theReaper.wait(pid), nil
	}
	return waitPID(pid, stopped)
}

// liveMember reports whether a process of the group pgid other than a zombie
// is left, from /proc; true when /proc cannot be read. Orphaned members that
// have exited stay zombies until init reaps them, which may take a while.
func liveMember(pgid int) bool {
	d, err := os.Open("/proc")
	if err != nil {
		return true
	}
	defer func() { _ = d.Close() }()
	names, err := d.Readdirnames(-1)
	if err != nil {
		return true
	}
	want := []byte(" " + itoa(pgid) + " ")
	for _, name := range names {
		if name[0] < '0' || name[0] > '9' {
			continue
		}
		b, err := os.ReadFile("/proc/" + name + "/stat")
		if err != nil {
			continue // gone meanwhile
		}
		// "pid (comm) state ppid pgrp ...": comm may hold anything but ')'.
		i := bytes.LastIndexByte(b, ')')
		if i < 0 || i+5 >= len(b) || b[i+2] == 'Z' {
			continue
		}
		rest := b[i+4:] // "ppid pgrp ..."
		j := bytes.IndexByte(rest, ' ')
		if j >= 0 && bytes.HasPrefix(rest[j:], want) {
			return true
		}
	}
	return false
}
