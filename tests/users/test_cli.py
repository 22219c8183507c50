def test_create_user_and_token_commands(runner, client, make_ceremony):
    make_ceremony()
    result = runner.invoke(args=["users", "create", "op@example.vn", "--role", "operator", "--site", "534",
                                 "--password", "long-enough"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["api-token", "create", "op@example.vn"])
    assert result.exit_code == 0, result.output
    token = result.output.strip().splitlines()[-1]
    assert token.startswith("cer_")
    assert client.get("/api/v1/ceremonies", headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_cli_errors_exit_non_zero_with_a_message(runner):
    result = runner.invoke(args=["users", "create", "op@example.vn", "--role", "operator", "--password", "long-enough"])
    assert result.exit_code != 0 and "--site" in result.output
    result = runner.invoke(args=["api-token", "create", "nobody@example.vn"])
    assert result.exit_code != 0 and "no user" in result.output
