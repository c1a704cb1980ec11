package com.comprehendo.ui;

import atlantafx.base.controls.Message;
import atlantafx.base.theme.Styles;
import com.comprehendo.ui.support.NodeIds;
import com.comprehendo.ui.support.Notices;
import com.comprehendo.ui.support.UiStyles;
import javafx.animation.PauseTransition;
import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

/** The notices as banners in the window's top right corner; information and problems with single files fade. */
final class NoticeStack {

  private NoticeStack() {}

  /** A stack that follows {@code notices}. */
  static VBox create(Notices notices) {
    VBox stack = new VBox();
    stack.setId(NodeIds.NOTICE_STACK);
    stack.getStyleClass().add(UiStyles.NOTICE_STACK);
    stack.setPickOnBounds(false);
    stack.setMaxHeight(Region.USE_PREF_SIZE);
    stack.setMaxWidth(520);
    notices.items().addListener((ListChangeListener<Notices.Notice>) change -> showNotices(notices, stack));
    return stack;
  }

  private static void showNotices(Notices notices, VBox stack) {
    stack.getChildren().setAll(notices.items().stream().map(notice -> noticeNode(notices, notice)).toList());
  }

  private static Node noticeNode(Notices notices, Notices.Notice notice) {
    FontIcon icon = new FontIcon(switch (notice.severity()) {
      case ERROR -> Material2AL.ERROR_OUTLINE;
      case WARNING -> Material2MZ.WARNING;
      case INFO -> Material2AL.INFO;
    });
    Message message = new Message(notice.title(), notice.message(), icon);
    message.setId(NodeIds.NOTICE);
    message.getStyleClass().addAll(switch (notice.severity()) {
      case ERROR -> Styles.DANGER;
      case WARNING -> Styles.WARNING;
      case INFO -> Styles.ACCENT;
    }, Styles.ELEVATED_2);
    message.setOnClose(e -> notices.dismiss(notice));
    message.setMaxWidth(520);
    if (notice.fades()) {
      PauseTransition timeout = new PauseTransition(Duration.seconds(notice.severity() == Notices.Severity.INFO ? 6 : 12));
      timeout.setOnFinished(e -> notices.dismiss(notice));
      timeout.play();
    }
    return message;
  }
}
