/*
 * open_data_page.h — where the /data pages find the open data files:
 * the directory `mamori serve` writes them into (app/open_data.h), set
 * once at start.
 */
#ifndef MM_PAGES_OPEN_DATA_PAGE_H
#define MM_PAGES_OPEN_DATA_PAGE_H

void open_data_page_set_dir(const char *dir);

#endif
