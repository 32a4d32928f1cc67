package dev.smbhunt.jobs;
