"""The task workspace: everything an inspector records on site for one task, in one place."""
