"""Reports from the units a plan names (departments, districts, communes, sectors), with attached files."""
