"""The sample project: fictional, pseudonymised interviews about building trust."""
