/* clock.c — the stepped test clock's file (kc_time.h): a training database's screen test
 * writes how many seconds the clock has moved since it was made, and the clock moves
 * there the next time it is asked, never back. */
#include "kc_time.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

int kc_clock_poll(struct kc_clock *c)
{
	char text[32];
	ssize_t n;
	int fd;

	if (!c->step_file)
		return 0;
	fd = open(c->step_file, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, text, sizeof text - 1);
	close(fd);
	if (n <= 0)
		return 0;
	text[n] = '\0';
	text[strcspn(text, "\r\n")] = '\0';
	return kc_clock_step_to(c, text) == 1;
}
