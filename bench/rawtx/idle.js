// make bench: nothing to do; the kernel's rtjs.bench-tx sends the frames.
