from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Read from the environment (or .env locally); nothing is hard-coded."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    openai_api_key: str
    openai_model: str = "gpt-4o-mini"
    servicenow_instance: str = ""
    servicenow_token: str = ""


settings = Settings()
