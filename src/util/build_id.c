#define _GNU_SOURCE /* dl_iterate_phdr */
#include "util/build_id.h"

#include <elf.h>
#include <link.h>
#include <pthread.h>
#include <string.h>

typedef struct found {
	const unsigned char *p;
	size_t n;
} found;

/* The first object dl_iterate_phdr names is the program: its notes' NT_GNU_BUILD_ID. */
static int in_program(struct dl_phdr_info *info, size_t size, void *data)
{
	(void)size;
	found *out = data;
	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		if (ph->p_type != PT_NOTE)
			continue;
		size_t align = ph->p_align == 8 ? 8 : 4;
		const unsigned char *at = (const unsigned char *)(info->dlpi_addr + ph->p_vaddr), *end = at + ph->p_memsz;
		while ((size_t)(end - at) >= sizeof(ElfW(Nhdr))) {
			ElfW(Nhdr) nh;
			memcpy(&nh, at, sizeof nh);
			const unsigned char *name = at + sizeof nh;
			size_t namesz = (nh.n_namesz + align - 1) & ~(align - 1);
			size_t descsz = (nh.n_descsz + align - 1) & ~(align - 1);
			if ((size_t)(end - name) < namesz || (size_t)(end - name) - namesz < nh.n_descsz)
				break;
			if (nh.n_type == NT_GNU_BUILD_ID && nh.n_namesz == 4 && memcmp(name, "GNU", 4) == 0 && nh.n_descsz) {
				out->p = name + namesz;
				out->n = nh.n_descsz;
				return 1;
			}
			if ((size_t)(end - name) - namesz < descsz)
				break;
			at = name + namesz + descsz;
		}
	}
	return 1;
}

static found id;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void look(void)
{
	dl_iterate_phdr(in_program, &id);
}

const unsigned char *build_id(size_t *n)
{
	pthread_once(&once, look);
	*n = id.n;
	return id.p;
}
